"""The fact packs shipped with FactBot: installed as the package `bot.shipped`.

This folder is their source; `pyproject.toml` maps the package onto it, so an installed FactBot
(`pip install factbot`, or this checkout installed editable) finds its packs through
`importlib.resources` whatever folder it runs from. Each sub-folder is one pack.
"""
