"""Where the project lives. A fork hosted elsewhere changes these two addresses (and the
"$id" of each schema); the data check then names the new first line of every data file."""

PUBLIC_SITE = "https://role-design-playbook.github.io/playbook/"
REPOSITORY = "https://github.com/role-design-playbook/playbook"
SCHEMA_BASE_URL = f"{PUBLIC_SITE}data/schema/"
