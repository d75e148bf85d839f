"""Framework content as versioned data: loading, validation and the maps between versions."""

from gcat.frameworks.loader import (
    available_frameworks,
    available_upgrades,
    framework_dir,
    install_modules,
    load_framework,
    load_upgrade_map,
    validate_path,
)

__all__ = [
    "available_frameworks",
    "available_upgrades",
    "framework_dir",
    "install_modules",
    "load_framework",
    "load_upgrade_map",
    "validate_path",
]
