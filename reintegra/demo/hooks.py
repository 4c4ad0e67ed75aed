"""Other apps fill in their part of the demo through ``reintegra.<app>.demo``.

See reintegra/demo/context.py for what a hook receives.
"""

import importlib

HOOK_APPS = ("plans", "programme", "privacy", "legal", "casework", "outcomes")


def demo_modules(apps=HOOK_APPS, package="reintegra"):
    """The demo modules that exist, in a fixed order."""
    for app in apps:
        name = f"{package}.{app}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but something it imports does not
                raise
            continue
        yield module


def run_hooks(hook: str, context, **where) -> list[str]:
    """Call ``hook(context)`` in each demo module that defines it; returns their names."""
    ran = []
    for module in demo_modules(**where):
        function = getattr(module, hook, None)
        if function is not None:
            function(context)
            ran.append(module.__name__)
    return ran
