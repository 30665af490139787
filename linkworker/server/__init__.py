"""The central server: enrolment, push and pull for the laptops of each organisation."""
