// EventListeners are process-global and EventPipe sessions share the provider's counter interval, so
// tracing tests must not overlap: one test at a time in this assembly.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
