from linkworker.app import main

raise SystemExit(main())
