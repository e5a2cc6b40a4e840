%% The test's hand on a node: reads Erlang expressions from standard input, one per line, evaluates
%% them (bindings persist from line to line) and answers each with one line, "=> Value" or
%% "=! Class:Reason". The node ends when standard input closes. Also the helpers the test calls.
-module(capture_driver).
-export([loop/0, snapshot/1, find/2, watch_nodeups/0, nodeups/0, kill/2]).

loop() -> loop(erl_eval:new_bindings()).

loop(Bindings) ->
    case io:get_line('') of
        eof -> erlang:halt(0);
        {error, _} -> erlang:halt(0);
        Read ->
            %% Elixir's standard input is in binary mode, Erlang's in list mode.
            Line = unicode:characters_to_list(Read),
            NewBindings =
                try
                    {ok, Tokens, _} = erl_scan:string(Line),
                    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
                    {value, Value, B} = erl_eval:exprs(Exprs, Bindings),
                    io:format("=> ~0p~n", [Value]),
                    B
                catch Class:Reason ->
                    io:format("=! ~0p:~0p~n", [Class, Reason]),
                    Bindings
                end,
            loop(NewBindings)
    end.

%% The live tree under a supervisor: [{Id, Pid | undefined, Type, Children}], Id printed with ~0p,
%% children in start order (which_children lists them in reverse). Dynamic children have Id
%% undefined.
snapshot(Sup) ->
    lists:reverse(
      [{lists:flatten(io_lib:format("~0p", [Id])), Pid, Type,
        case Type of
            supervisor when is_pid(Pid) -> catch snapshot(Pid);
            _ -> []
        end}
       || {Id, Pid, Type, _} <- supervisor:which_children(Sup)]).

%% The pid at a path of ids (as snapshot prints them) under a supervisor.
find(Sup, []) -> Sup;
find(Sup, [Id | Rest]) ->
    [Pid] = [P || {I, P, _, _} <- supervisor:which_children(Sup),
                  lists:flatten(io_lib:format("~0p", [I])) =:= Id],
    find(Pid, Rest).

%% Records the nodes that connect, with their node_type (visible or hidden).
watch_nodeups() ->
    Parent = self(),
    Pid = spawn(fun() ->
                        ok = net_kernel:monitor_nodes(true, [{node_type, all}]),
                        Parent ! ready,
                        watch([])
                end),
    receive ready -> ok end,
    register(capture_test_watcher, Pid),
    ok.

watch(Seen) ->
    receive
        {nodeup, Node, Info} -> watch([{Node, proplists:get_value(node_type, Info)} | Seen]);
        {get, From} -> From ! {seen, lists:reverse(Seen)}, watch(Seen);
        _ -> watch(Seen)
    end.

nodeups() ->
    capture_test_watcher ! {get, self()},
    receive {seen, Seen} -> Seen after 2000 -> timeout end.

%% Kills the process at a path (exit reason killed, whether it traps exits or not).
kill(Sup, Path) -> exit(find(Sup, Path), kill).
