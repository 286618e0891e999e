from foia_tracker.cli import main

main()
