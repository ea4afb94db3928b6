Console.WriteLine("bench: not implemented yet");
return 0;
