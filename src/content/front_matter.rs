//! Front matter: TOML between +++ lines or YAML between --- lines.
