#!/usr/bin/env python
"""Django's command-line utility; the same as the ``rabat`` console command."""

from config.cli import main

if __name__ == "__main__":
    main()
