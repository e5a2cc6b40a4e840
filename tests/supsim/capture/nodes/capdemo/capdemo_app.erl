%% The capture test's Erlang application. Its tree (every flag written out, so that the test
%% knows exactly what the capture must find):
%%   capdemo_sup            one_for_one 2 in 10 s, registered
%%     config_server        worker, traps exits, shutdown 3000
%%     pipeline_sup         one_for_all 1 in 5 s
%%       source             worker, does not trap exits
%%       stages_sup         rest_for_one 3 in 5 s
%%         stage1           permanent, traps exits
%%         stage2           transient, brutal_kill
%%         stage3           temporary
%%     session_sup          one_for_one, auto_shutdown any_significant
%%       session_main       transient, significant
%%       session_helper     permanent
%%     pool_sup             simple_one_for_one, template pool_worker (transient, 1000)
%%     {cache,1}            a worker whose id is a tuple
%%     slow_sup             one_for_one: slow_worker (shutdown 30000) takes slow_stop_ms of the
%%                          application environment in terminate (the test sets it to 20 s)
-module(capdemo_app).
-behaviour(application).
-export([start/2, stop/1, tree/0]).

start(_Type, _Args) ->
    capdemo_sup:start_link({local, capdemo_sup}, tree()).

stop(_State) -> ok.

worker(Id, Opts) -> worker(Id, Opts, #{}).
worker(Id, Opts, Spec) ->
    maps:merge(#{id => Id, start => {capdemo_worker, start_link, [Opts#{id => Id}]}}, Spec).

sup(Id, Flags, Children, Spec) ->
    maps:merge(#{id => Id, type => supervisor,
                 start => {capdemo_sup, start_link, [{Flags, Children}]}}, Spec).

tree() ->
    {#{strategy => one_for_one, intensity => 2, period => 10},
     [worker(config_server, #{trap => true, name => capdemo_config}, #{shutdown => 3000}),
      sup(pipeline_sup, #{strategy => one_for_all, intensity => 1, period => 5},
          [worker(source, #{trap => false}),
           sup(stages_sup, #{strategy => rest_for_one, intensity => 3, period => 5},
               [worker(stage1, #{trap => true}),
                worker(stage2, #{trap => false}, #{restart => transient, shutdown => brutal_kill}),
                worker(stage3, #{trap => true}, #{restart => temporary})],
               #{})],
          #{}),
      sup(session_sup, #{strategy => one_for_one, auto_shutdown => any_significant},
          [worker(session_main, #{trap => true}, #{restart => transient, significant => true}),
           worker(session_helper, #{trap => false})],
          #{}),
      sup(pool_sup, #{strategy => simple_one_for_one, intensity => 5, period => 1},
          [worker(pool_worker, #{trap => true}, #{restart => transient, shutdown => 1000})],
          #{}),
      worker({cache, 1}, #{trap => false}),
      sup(slow_sup, #{strategy => one_for_one},
          [worker(slow_worker, #{trap => true, stop_env => slow_stop_ms}, #{shutdown => 30000})],
          #{})]}.
