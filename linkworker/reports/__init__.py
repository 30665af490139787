"""Printed and exported documents: PDFs (reportlab platypus), CSV and XLSX. No Qt here."""
