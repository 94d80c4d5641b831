"""Entry script of the bundled app: the same `losslab` command as the installed console script."""

import multiprocessing
import sys

from app.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process (torch workers, if ever) must not rerun main
    sys.exit(main())
