"""The local encrypted database: keys, engine, tables, migrations, change capture and use cases."""
