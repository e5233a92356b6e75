"""Entry script of the frozen app: the same as `tonghop` / `python -m desktop`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes of a frozen app start through this exe
    from desktop.cli import main

    sys.exit(main())
