import sys

from polon.cli import main

sys.exit(main())
