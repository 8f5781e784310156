from dayuan.cli import main

main()
