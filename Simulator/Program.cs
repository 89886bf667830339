return ReplicaSim.Cli.CliApp.RunConsole(args);
