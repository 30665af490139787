"""The desktop app: every Qt import in Linkworker lives in this package."""
