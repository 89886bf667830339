return ReplicaSim.Cli.CliApp.Run(args, Console.Out, Console.Error);
