import sys

from warden.kubectl.cli import main

sys.exit(main())
