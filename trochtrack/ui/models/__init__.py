"""Read-only Qt item models over the services' row objects (never QSqlTableModel)."""
