"""Health, readiness and the Prometheus metrics (issue 16 item 2; docs/operations.md "Logs, metrics en gezondheid")."""
