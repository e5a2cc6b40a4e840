%% What every process of an oracle case uses to tell its collector what happened.
%%
%% Events are stamped where they happen, never where they are received: a stamp is
%% {erlang:monotonic_time(nanosecond), erlang:unique_integer([monotonic])}, the same
%% form as the trace option strict_monotonic_timestamp, so process exits seen through
%% tracing and reports sent by the processes themselves sort into one causal order.
%%
%% Start failures and ignores are injected through a public ETS table keyed by
%% {CaseId, Path}; the start wrapper in oracle_sup consumes them in the parent
%% supervisor's process, exactly where OTP would call the child's start function.
%%
%% The module is also a logger handler: a supervisor that reaches its maximum restart
%% intensity logs a report before terminating its children, in its own process, so the
%% handler can stamp the decision at the moment it is taken.
-module(oracle_probe).

-export([stamp/0, report/4, trace_self/2, injection_table/0,
         set_injection/3, take_injection/2]).
-export([log/2]).

-define(TABLE, oracle_injections).

stamp() ->
    {erlang:monotonic_time(nanosecond), erlang:unique_integer([monotonic])}.

%% Ctx is the case context map: #{case := Id, collector := Pid}.
report(#{collector := Collector}, Kind, Path, Data) ->
    Collector ! {oracle_obs, Kind, Path, self(), Data, stamp()},
    ok.

%% Process events (notably 'exit' with the real exit reason) of this process go to the
%% collector. Supervisors also have the messages they receive traced: an exit signal
%% from their parent is how a termination by the parent is told apart from a
%% supervisor stopping by itself (auto_shutdown), both of which end with 'shutdown'.
trace_self(#{collector := Collector}, Kind) ->
    Flags = case Kind of
                supervisor -> [procs, 'receive'];
                worker -> [procs]
            end,
    erlang:trace(self(), true, [{tracer, Collector}, strict_monotonic_timestamp | Flags]),
    ok.

injection_table() ->
    ets:new(?TABLE, [named_table, public, set]).

%% Injection = {fail, N, Reason} | {ignore, 1, none}. Failures accumulate (two
%% `fail-start PATH 2` make the next four starts fail, the last reason winning); a
%% pending failure is consumed before a pending ignore.
set_injection(#{'case' := CaseId}, Path, {What, N, Arg}) ->
    Key = {CaseId, Path, What},
    case {What, ets:lookup(?TABLE, Key)} of
        {fail, [{_, {Pending, _}}]} -> ets:insert(?TABLE, {Key, {Pending + N, Arg}});
        _ -> ets:insert(?TABLE, {Key, {N, Arg}})
    end,
    ok.

%% Returns none, {fail, Reason} or {ignore, none}, consuming one pending injection.
take_injection(#{'case' := CaseId}, Path) ->
    take_injection(CaseId, Path, [fail, ignore]).

take_injection(_CaseId, _Path, []) ->
    none;
take_injection(CaseId, Path, [What | Rest]) ->
    Key = {CaseId, Path, What},
    case ets:lookup(?TABLE, Key) of
        [{_, {N, Arg}}] when N > 1 ->
            ets:insert(?TABLE, {Key, {N - 1, Arg}}),
            {What, Arg};
        [{_, {1, Arg}}] ->
            ets:delete(?TABLE, Key),
            {What, Arg};
        _ ->
            take_injection(CaseId, Path, Rest)
    end.

%% Logger handler callback: runs in the process that logs.
log(#{msg := {report, #{label := {supervisor, shutdown}, report := Report}}}, _Config) ->
    case {proplists:get_value(reason, Report), get(oracle_identity)} of
        {reached_max_restart_intensity, {Ctx, Path}} ->
            report(Ctx, max_intensity, Path, reached_max_restart_intensity);
        _ ->
            ok
    end;
log(_Event, _Config) ->
    ok.
