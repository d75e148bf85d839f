"""Pages of the Secretariat modules, one router per area (included by ``create_app``)."""
