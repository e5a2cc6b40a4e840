{application,ring_logger,
 [{description,"A ring buffer backend for Elixir Logger with IO streaming"},
  {vsn,"0.8.6"},
  {modules,['Elixir.RingLogger']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger]},
  {mod,{'Elixir.RingLogger.Application',[]}}]}.
