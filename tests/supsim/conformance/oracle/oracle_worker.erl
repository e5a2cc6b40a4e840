%% A worker child of an oracle case: a gen_server that traps exits so that terminate/2
%% runs when its supervisor stops it (and takes the case's stop_ms there, which makes a
%% child slower than its shutdown timeout get killed, as in real life). A worker whose
%% tree node says "trap_exit": false does not trap exits: any exit signal from its
%% supervisor ends it at once, without terminate/2.
%%
%% Crashes are injected by message: {oracle_inject, Reason} makes the worker report
%% that it is leaving on its own and then call exit(Reason) itself, so its supervisor
%% sees an ordinary exit of a child.
-module(oracle_worker).
-behaviour(gen_server).

-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

init({Ctx, Path, Spec, Parent}) ->
    process_flag(trap_exit, maps:get(trap_exit, Spec, true)),
    oracle_probe:trace_self(Ctx, worker),
    oracle_probe:report(Ctx, init, Path, {worker, Parent}),
    {ok, #{ctx => Ctx, path => Path, stop_ms => maps:get(stop_ms, Spec, 0)}}.

handle_call(_Request, _From, State) ->
    {reply, ok, State}.

handle_cast(_Request, State) ->
    {noreply, State}.

handle_info({oracle_inject, Reason}, #{ctx := Ctx, path := Path}) ->
    put(oracle_leaving, true),
    oracle_probe:report(Ctx, intent, Path, Reason),
    exit(Reason);
handle_info(_Other, State) ->
    {noreply, State}.

terminate(Reason, #{ctx := Ctx, path := Path, stop_ms := StopMs}) ->
    case get(oracle_leaving) of
        true ->
            ok;
        _ ->
            oracle_probe:report(Ctx, stopping, Path, Reason),
            StopMs > 0 andalso timer:sleep(StopMs),
            ok
    end.
