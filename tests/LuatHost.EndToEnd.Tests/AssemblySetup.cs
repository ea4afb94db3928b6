// One world at a time: the runs share NLog's process-wide configuration and the 2-core CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
