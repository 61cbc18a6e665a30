from .anjab import admin as anjab_admin  # noqa: F401  (registers the Anjab/ABK models)
