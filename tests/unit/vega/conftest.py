"""Vega unit tests: make ``agent_toolbar.backends.vega`` importable before the restructure.

Until the backend registry turns ``agent_toolbar/backends.py`` into the package
``agent_toolbar/backends/``, the module is given the package's directory as its search path,
so ``agent_toolbar.backends.vega`` resolves; afterwards this does nothing.
"""

from __future__ import annotations

from pathlib import Path

import agent_toolbar.backends as _backends

if not hasattr(_backends, "__path__"):
    _backends.__path__ = [str(Path(_backends.__file__).with_suffix(""))]
