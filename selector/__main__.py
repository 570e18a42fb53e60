from selector.cli import main

raise SystemExit(main())
