"""The business rules, one module per resource; they raise problems, never touch HTTP."""
