%% One oracle case: boots its trees on real supervisors at a fixed monotonic instant T0,
%% injects the scenario's events at T0 + t, and collects what happened.
%%
%% The driver process is at once the collector (processes report to it), the tracer of
%% every process of the case (exits with their real reasons, exit signals received by
%% supervisors) and a model of the application controller. The real application
%% controller would halt this VM when a permanent application ends, which would end the
%% harness; so each application gets a small master process that starts its top
%% supervisor and tells the driver when it ends, and the driver applies the start type
%% rule of application_controller itself: an application that ends: permanent -> the
%% node halts; transient -> it halts unless the reason is normal; temporary -> only
%% reported. One that fails to start (during the boot: a boot script ignores what
%% application:start_boot/2 returns): permanent or transient -> the node halts;
%% temporary -> only reported, the boot goes on. Like application_controller's
%% terminate, a halt first stops the other running applications, most recently
%% started first.
%%
%% Injections are sent at their scheduled time, but only once the case is quiescent, so
%% a crash aimed at a child that is being restarted lands on the new incarnation, as in
%% a simulator where each event completes before the next one. In real-time mode
%% (realtime => true) each event is injected at its time whatever the case is doing, as
%% things happen on a running node: an event can overlap a termination, hit a process
%% that is gone or leaving, or a supervisor busy waiting for a child; only the end of
%% the case waits for quiescence. Quiescent means: every
%% process of the case idle with an empty mailbox, nobody in the middle of terminating,
%% no pending call, every child a supervisor spawned has begun its init, and every dead
%% child's exit has reached its parent (the parent's receive trace, or the application
%% master's report) -- the last two close the gaps in which all processes look idle
%% while a signal is still in flight.
-module(oracle_case).

-export([start/3]).

-define(QUIESCENCE_GAP_MS, 2).
-define(QUIESCENCE_GIVE_UP_MS, 2000).
-define(REALTIME_SETTLE_MS, 8000).   % a real-time case may still be winding down at its end

start(Case, T0Ns, Main) ->
    spawn(fun() -> run(Case, T0Ns, Main) end).

run(Case = #{id := CaseId}, T0Ns, Main) ->
    Ctx = #{'case' => CaseId, collector => self()},
    %% fail-start / ignore-start at time 0 apply before the boot, so it can fail.
    [oracle_probe:set_injection(Ctx, Path, Injection)
     || {Path, Injection} <- maps:get(before_boot, Case, [])],
    T0Ms = T0Ns div 1000000,
    Events = [{T0Ms + TMs, Action} || {TMs, Action} <- maps:get(events, Case, [])],
    Apps = case Case of
               #{apps := AppList} -> AppList;
               #{root := Root} -> [#{name => undefined, start_type => none, supervisor => Root}]
           end,
    S0 = #{ctx => Ctx, main => Main, t0_ns => T0Ns, obs => [], names => #{},
           alive => #{}, dead => #{}, current => #{}, stopping => #{}, helpers => #{},
           pending => #{}, injected => #{}, leaving => #{},
           controller => idle, controller_queue => [],
           realtime => maps:get(realtime, Case, false),
           sups => supervisor_specs(Apps), apps_to_boot => Apps, masters => [],
           phase => wait_t0, events => Events, halted => false,
           end_ms => T0Ms + maps:get(end_ms, Case)},
    erlang:start_timer(T0Ms, self(), boot, [{abs, true}]),
    loop(S0).

%% Map of static supervisor path -> its spec, used by start-child and terminate-child.
supervisor_specs(Apps) ->
    lists:foldl(fun(#{name := Name, supervisor := Sup}, Acc) ->
                        Base = case Name of undefined -> <<>>; _ -> Name end,
                        sup_paths(Base, Sup, Acc)
                end, #{}, Apps).

sup_paths(Parent, Sup = #{id := Id}, Acc) ->
    Path = oracle_sup:child_path(Parent, Id),
    Acc1 = Acc#{Path => Sup#{path => Path}},
    case maps:get(strategy, Sup, one_for_one) of
        simple_one_for_one -> Acc1;
        _ -> lists:foldl(fun(C = #{type := supervisor}, A) -> sup_paths(Path, C, A);
                            (_, A) -> A
                         end, Acc1, maps:get(children, Sup, []) ++
                             maps:get(start_child_specs, Sup, []))
    end.

loop(S) ->
    receive Msg -> loop(handle(Msg, S)) end.

%% --- messages ------------------------------------------------------------------------

handle({oracle_obs, init, Path, Pid, {Kind, Parent}, Stamp},
       S = #{names := Names, dead := Dead, pending := Pending}) ->
    S1 = S#{names := Names#{Pid => {Path, Kind, Parent}},
            pending := case maps:find(Pid, Pending) of
                           {ok, spawned} -> maps:remove(Pid, Pending);
                           _ -> Pending
                       end},
    S2 = case maps:is_key(Pid, Dead) of
             true -> S1;
             false -> S1#{alive := maps:put(Pid, true, maps:get(alive, S1)),
                          current := maps:put(Path, Pid, maps:get(current, S1))}
         end,
    record(Stamp, init, Path, Kind, Pid, S2);
handle({oracle_obs, stopping, Path, Pid, Reason, Stamp}, S = #{stopping := Stopping}) ->
    record(Stamp, stopping, Path, Reason, Pid, S#{stopping := Stopping#{Pid => true}});
handle({oracle_obs, start_result, Path, _Parent, {ok, Child}, Stamp}, S) ->
    record(Stamp, start_result, Path, ok, Child, S);
handle({oracle_obs, max_intensity, Path, Pid, Data, Stamp}, S = #{leaving := Leaving}) ->
    record(Stamp, max_intensity, Path, Data, Pid, S#{leaving := Leaving#{Pid => true}});
handle({oracle_obs, intent, Path, Pid, Data, Stamp}, S) ->
    record(Stamp, intent, Path, Data, Pid, S);
handle({oracle_obs, Kind, Path, _Pid, Data, Stamp}, S) ->
    record(Stamp, Kind, Path, Data, S);
handle({trace_ts, Pid, exit, Reason, Ts}, S) ->
    #{alive := Alive, dead := Dead, stopping := Stopping, current := Current} = S,
    Current1 = case maps:find(Pid, maps:get(names, S)) of
                   {ok, {Path, _, _}} ->
                       case maps:find(Path, Current) of
                           {ok, Pid} -> maps:remove(Path, Current);
                           _ -> Current
                       end;
                   error -> Current
               end,
    S1 = S#{alive := maps:remove(Pid, Alive), dead := Dead#{Pid => true},
            stopping := maps:remove(Pid, Stopping), current := Current1,
            leaving := maps:remove(Pid, maps:get(leaving, S)),
            pending := await_receipt(Pid, S), injected := maps:remove(Pid, maps:get(injected, S))},
    record(Ts, down, Pid, Reason, S1);
handle({trace_ts, Pid, 'receive', {'EXIT', From, Reason}, Ts}, S = #{leaving := Leaving}) ->
    %% A supervisor told to stop by its parent is leaving: a crash aimed at it from now
    %% on can no longer happen (see inject/2).
    S1 = case maps:find(Pid, maps:get(names, S)) of
             {ok, {_, _, From}} -> S#{leaving := Leaving#{Pid => true}};
             _ -> S
         end,
    record(Ts, exit_signal, Pid, {From, Reason}, received(Pid, From, S1));
handle({trace_ts, Pid, 'receive', {'DOWN', _, process, From, _}, _Ts}, S) ->
    received(Pid, From, S);
handle({trace_ts, _Sup, spawn, Child, _MFA, _Ts},
       S = #{pending := Pending, names := Names, dead := Dead}) ->
    case maps:is_key(Child, Names) orelse maps:is_key(Child, Dead) of
        true -> S;   % its init report (or its end) came first
        false -> S#{pending := Pending#{Child => spawned}}
    end;
handle(Trace, S) when element(1, Trace) =:= trace_ts ->
    S;
handle({helper_done, Pid, Label, Result, Stamp}, S = #{helpers := Helpers}) ->
    record(Stamp, call_result, Label, Result, S#{helpers := maps:remove(Pid, Helpers)});
handle({app_started, Master, Result}, S) ->
    app_started(Master, Result, S);
handle({app_down, Master, Top, _Reason, _Stamp}, S = #{phase := {halting, Rest}}) ->
    %% The controller is terminating: an application that ends meanwhile is not reported
    %% (the one it was stopping, if this is it, counts as stopped).
    S1 = received(Master, Top, S#{masters := lists:keydelete(Master, 1, maps:get(masters, S))}),
    case lists:member(Master, Rest) of
        true -> S1#{phase := {halting, lists:delete(Master, Rest)}};
        false -> stop_next_app(S1)
    end;
handle({app_down, Master, Top, _Reason, Stamp}, S = #{controller := {stopping, Master}}) ->
    %% It ended on its own as the stop began: application:stop reports it stopped all the
    %% same, and the controller ignores the exit of an application it no longer runs.
    app_stopped(Master, Stamp, received(Master, Top, S));
handle({app_down, Master, Top, Reason, _Stamp}, S = #{controller := {stopping, _},
                                                      controller_queue := Queue}) ->
    %% The controller is busy stopping an application: the news waits in its mailbox.
    S1 = received(Master, Top, S),
    S1#{controller_queue := Queue ++ [{app_down, Master, Reason}]};
handle({app_down, Master, Top, Reason, Stamp}, S) ->
    app_down(Master, Reason, Stamp, received(Master, Top, S));
handle({app_stopped, Master, Top, _Stamp}, S = #{phase := {halting, _}}) ->
    stop_next_app(received(Master, Top, S));
handle({app_stopped, Master, Top, Stamp}, S = #{controller := {stopping, Master}}) ->
    app_stopped(Master, Stamp, received(Master, Top, S));
handle({oracle_kill, Pid, Stamp}, S = #{names := Names}) ->
    %% An application master kills what is left of its application (kill_all_procs).
    case maps:find(Pid, Names) of
        {ok, {Path, _, _}} -> record(Stamp, intent, Path, killed, Pid, S);
        error -> S
    end;
handle({timeout, _, boot}, S) ->
    boot_next_app(S#{phase := booting});
handle({timeout, _, next_event}, S) ->
    next_step(S);
handle(_Other, S) ->
    S.

%% Subject: the pid the observation is about, where the driver knows it (processes of
%% one path can overlap in time: a killed supervisor's old children wind down beside the
%% new ones), else none.
record(Stamp, Kind, Who, Data, S) ->
    record(Stamp, Kind, Who, Data, none, S).

record(Stamp, Kind, Who, Data, Subject, S = #{obs := Obs}) ->
    S#{obs := [{Stamp, Kind, Who, Data, Subject} | Obs]}.

%% Pid has died: until its parent has the news, the case is not quiescent. Whatever
%% waited for Pid itself to receive something no longer waits.
await_receipt(Pid, #{pending := Pending, names := Names, alive := Alive, masters := Masters}) ->
    P1 = maps:filter(fun(_, {receipt, Parent}) -> Parent =/= Pid; (_, _) -> true end,
                     maps:remove(Pid, Pending)),
    case maps:find(Pid, Names) of
        {ok, {_, _, Parent}} ->
            case maps:is_key(Parent, Alive) orelse lists:keymember(Parent, 1, Masters) of
                true -> P1#{Pid => {receipt, Parent}};
                false -> P1
            end;
        error ->
            P1
    end.

received(Receiver, From, S = #{pending := Pending}) ->
    case maps:find(From, Pending) of
        {ok, {receipt, Receiver}} -> S#{pending := maps:remove(From, Pending)};
        _ -> S
    end.

%% --- applications ------------------------------------------------------------------

boot_next_app(S = #{apps_to_boot := []}) ->
    schedule_next(S#{phase := running});
boot_next_app(S = #{apps_to_boot := [App | Rest], ctx := Ctx, masters := Masters}) ->
    Driver = self(),
    Master = spawn(fun() -> app_master(Driver, Ctx, App) end),
    S#{apps_to_boot := Rest, masters := [{Master, App} | Masters]}.

app_started(_Master, {ok, _}, S = #{phase := booting}) ->
    boot_next_app(S);
app_started(Master, Failed, S = #{phase := booting, masters := Masters}) ->
    Reason = case Failed of
                 {error, R} -> R;
                 ignore -> ignore
             end,
    {_, App = #{start_type := Type}} = lists:keyfind(Master, 1, Masters),
    %% The master already has the news of its top supervisor's death in init.
    Pending = maps:filter(fun(_, Wait) -> Wait =/= {receipt, Master} end,
                          maps:get(pending, S)),
    S1 = S#{masters := lists:keydelete(Master, 1, Masters), pending := Pending},
    case Type of
        none ->
            boot_next_app(S1);
        temporary ->
            S2 = record(oracle_probe:stamp(), app_start_error, app_name(App), Reason, S1),
            boot_next_app(S2);
        _ ->
            S2 = record(oracle_probe:stamp(), app_start_error, app_name(App), Reason, S1),
            %% application_controller stops with this reason; init reports it.
            halt_node(Master, {app_name(App),
                               {application_start_failure, app_name(App), Reason}}, S2)
    end.

app_down(Master, Reason, Stamp, S = #{masters := Masters}) ->
    {_, App = #{start_type := Type}} = lists:keyfind(Master, 1, Masters),
    S1 = S#{masters := lists:keydelete(Master, 1, Masters)},
    case Type of
        none ->
            S1;
        _ ->
            S2 = record(Stamp, app_exit, app_name(App), {Type, Reason}, S1),
            Halts = case {Type, Reason} of
                        {permanent, _} -> true;
                        {transient, normal} -> false;
                        {transient, _} -> true;
                        {temporary, _} -> false
                    end,
            case Halts of
                true -> halt_node(Master, {app_name(App),
                                           {application_terminated, app_name(App), Reason}}, S2);
                false -> S2
            end
    end.

%% The node halts once the other applications are stopped, as application_controller
%% does before init stops the node.
halt_node(Failed, Cause, S = #{masters := Masters}) ->
    Others = [M || {M, _} <- Masters, M =/= Failed],
    stop_next_app(S#{phase := {halting, Others}, halted := Cause}).

stop_next_app(S = #{phase := {halting, []}, halted := {App, Reason}}) ->
    S1 = record(oracle_probe:stamp(), node_halt, App, Reason, S),
    settle_then_finish(S1#{phase := finishing});
stop_next_app(S = #{phase := {halting, [Master | Rest]}}) ->
    Master ! {stop, self()},
    S#{phase := {halting, Rest}}.

app_name(#{name := Name}) -> Name.

%% application:stop, as application_controller carries it out: the master stops the top
%% supervisor; the controller is busy until it reports, then takes its mailbox in order.
stop_app(Master, S) ->
    Master ! {stop, self()},
    S#{controller := {stopping, Master}}.

app_stopped(Master, Stamp, S = #{masters := Masters}) ->
    {_, App = #{start_type := Type}} = lists:keyfind(Master, 1, Masters),
    S1 = record(Stamp, app_exit, app_name(App), {Type, stopped},
                S#{masters := lists:keydelete(Master, 1, Masters), controller := idle}),
    controller_next(S1).

controller_next(S = #{controller := idle, controller_queue := [Work | Rest], phase := running}) ->
    S1 = S#{controller_queue := Rest},
    S2 = case Work of
             {app_down, Master, Reason} -> app_down(Master, Reason, oracle_probe:stamp(), S1);
             {stop_app, App} -> inject({stop_app, App}, S1);
             stop_node -> inject(stop_node, S1)
         end,
    controller_next(S2);
controller_next(S) ->
    S.

%% The application master of the model: the group leader of its application's processes,
%% so that when the application ends, however it ends, it kills what is left of it, as OTP's
%% application_master does (kill_all_procs).
app_master(Driver, Ctx, #{name := Name, supervisor := Sup}) ->
    process_flag(trap_exit, true),
    OuterLeader = group_leader(),
    group_leader(self(), self()),
    Base = case Name of undefined -> <<>>; _ -> Name end,
    Path = oracle_sup:child_path(Base, maps:get(id, Sup)),
    Result = oracle_sup:start_child(Ctx, Path, Sup#{type => supervisor}),
    Driver ! {app_started, self(), Result},
    case Result of
        {ok, Pid} -> app_master_loop(Driver, Pid, OuterLeader);
        _ -> ok
    end.

app_master_loop(Driver, Top, OuterLeader) ->
    receive
        IoRequest when element(1, IoRequest) =:= io_request ->
            OuterLeader ! IoRequest,
            app_master_loop(Driver, Top, OuterLeader);
        {'EXIT', Top, Reason} ->
            kill_group(Driver),
            Driver ! {app_down, self(), Top, Reason, oracle_probe:stamp()};
        {stop, Driver} ->
            %% application:stop, or the controller terminating: the same for the master.
            exit(Top, shutdown),
            receive {'EXIT', Top, _} -> ok end,
            kill_group(Driver),
            Driver ! {app_stopped, self(), Top, oracle_probe:stamp()};
        _ ->
            app_master_loop(Driver, Top, OuterLeader)
    end.

%% kill_all_procs: every process whose group leader is this master, in process table order
%% (the order they started). One at a time, each gone before the next, so that the order
%% is the same on every run; the driver hears of each kill first.
kill_group(Driver) ->
    Self = self(),
    Group = [P || P <- processes(), P =/= Self,
                  process_info(P, group_leader) =:= {group_leader, Self}],
    lists:foreach(fun(P) ->
                          Ref = monitor(process, P),
                          Driver ! {oracle_kill, P, oracle_probe:stamp()},
                          exit(P, kill),
                          receive {'DOWN', Ref, process, P, _} -> ok end
                  end, Group),
    case Group of
        [] -> ok;
        _ -> kill_group(Driver)
    end.

%% --- scenario ----------------------------------------------------------------------

schedule_next(S = #{events := [{AtMs, _} | _]}) ->
    erlang:start_timer(AtMs, self(), next_event, [{abs, true}]),
    S;
schedule_next(S = #{events := [], end_ms := EndMs}) ->
    erlang:start_timer(EndMs, self(), next_event, [{abs, true}]),
    S.

%% Runs when the next event (or the end of the case) is due: waits for quiescence,
%% then acts.
next_step(S = #{phase := running, realtime := true}) ->
    case S of
        #{events := [{_, Action} | Rest]} ->
            schedule_next(inject(Action, S#{events := Rest}));
        #{events := []} ->
            settle_then_finish(S)
    end;
next_step(S = #{phase := running}) ->
    {Settled, S1} = wait_quiescent(S),
    S2 = case Settled of
             true -> S1;
             false -> record(oracle_probe:stamp(), unsettled, <<>>, none, S1)
         end,
    case S2 of
        #{events := [{_, Action} | Rest]} ->
            schedule_next(inject(Action, S2#{events := Rest}));
        #{events := []} ->
            finish(S2)
    end;
next_step(S) ->
    S.

settle_then_finish(S = #{realtime := Realtime}) ->
    {Settled, S1} = wait_quiescent(S),
    case {Settled, Realtime} of
        {false, true} -> finish(record(oracle_probe:stamp(), unsettled, <<>>, none, S1));
        _ -> finish(S1)
    end.

wait_quiescent(S = #{realtime := Realtime}) ->
    GiveUp = case Realtime of
                 true -> ?REALTIME_SETTLE_MS;
                 false -> ?QUIESCENCE_GIVE_UP_MS
             end,
    Deadline = erlang:monotonic_time(millisecond) + GiveUp,
    wait_quiescent(S, Deadline).

wait_quiescent(S, Deadline) ->
    {_, S1} = drain(S, 0),
    Quiet1 = quiet(S1),
    receive after ?QUIESCENCE_GAP_MS -> ok end,
    {Handled, S2} = drain(S1, 0),
    case Quiet1 andalso Handled =:= 0 andalso quiet(S2) of
        true -> {true, S2};
        false ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> {false, S2};
                false -> wait_quiescent(S2, Deadline)
            end
    end.

%% Handles every message already in the mailbox except timers, which stay queued.
drain(S, N) ->
    receive
        Msg when element(1, Msg) =/= timeout ->
            drain(handle(Msg, S), N + 1)
    after 0 ->
            {N, S}
    end.

quiet(#{alive := Alive, stopping := Stopping, helpers := Helpers, pending := Pending,
        injected := Injected}) ->
    map_size(Stopping) =:= 0 andalso map_size(Helpers) =:= 0 andalso
        map_size(Pending) =:= 0 andalso map_size(Injected) =:= 0 andalso
        lists:all(fun idle/1, maps:keys(Alive)).

idle(Pid) ->
    case erlang:process_info(Pid, [status, message_queue_len]) of
        [{status, waiting}, {message_queue_len, 0}] -> true;
        _ -> false   % busy, or dead with its exit trace not yet handled
    end.

inject({crash, Path, killed, Action}, S) ->
    %% Killed from outside: exit(Pid, kill) cannot be trapped and needs nothing of the
    %% process, so it lands at once even on a busy supervisor or a worker in terminate/2.
    with_running(Path, {Path, Action, not_running}, S,
                 fun(Pid, {_, S1 = #{injected := Injected}}) ->
                         S2 = record(oracle_probe:stamp(), intent, Path, killed, Pid, S1),
                         exit(Pid, kill),
                         S2#{injected := Injected#{Pid => true}}
                 end);
inject({crash, Path, _Reason, Action}, S = #{realtime := true, stopping := Stopping,
                                            leaving := Leaving, current := Current})
  when is_map_key(Path, Current) andalso
       (is_map_key(map_get(Path, Current), Stopping) orelse
        is_map_key(map_get(Path, Current), Leaving)) ->
    %% A worker in terminate/2, or a supervisor stopping its children because its parent
    %% asked (or because it gave up), no longer runs the code that would crash: it ends
    %% the way it is already ending.
    record(oracle_probe:stamp(), ignored, Path, {Action, not_running}, S);
inject({crash, Path, Reason, Action}, S) ->
    with_running(Path, {Path, Action, not_running}, S,
                 fun(Pid, {worker, S1 = #{injected := Injected}}) ->
                         %% Not quiescent until it is gone: a worker can look idle while
                         %% it exits (its crash report being written).
                         Pid ! {oracle_inject, Reason},
                         S1#{injected := Injected#{Pid => true}};
                    (Pid, {supervisor, S1}) ->
                         %% A supervisor has no callback to crash in; sys:terminate makes
                         %% it stop by itself with Reason, terminating its children first,
                         %% which is what a crashing supervisor does.
                         S2 = record(oracle_probe:stamp(), intent, Path, Reason, Pid, S1),
                         helper(Path, fun() -> catch sys:terminate(Pid, Reason, infinity) end, S2)
                 end);
inject(Work, S = #{controller := {stopping, _}, controller_queue := Queue})
  when element(1, Work) =:= stop_app; Work =:= stop_node ->
    %% The controller is stopping an application: application:stop and init:stop wait.
    S#{controller_queue := Queue ++ [Work]};
inject({stop_app, App}, S = #{masters := Masters}) ->
    case [M || {M, #{name := Name}} <- Masters, Name =:= App] of
        [Master | _] -> stop_app(Master, S);
        [] -> record(oracle_probe:stamp(), ignored, App, {'stop-app', not_started}, S)
    end;
inject(stop_node, S) ->
    %% init:stop: the controller stops every running application, last started first.
    halt_node(none, {<<>>, stop}, S);
inject({fail_start, Path, N, Reason}, S = #{ctx := Ctx}) ->
    oracle_probe:set_injection(Ctx, Path, {fail, N, Reason}),
    record(oracle_probe:stamp(), injection, Path, {fail_start, N, Reason}, S);
inject({ignore_start, Path, N}, S = #{ctx := Ctx}) ->
    oracle_probe:set_injection(Ctx, Path, {ignore, N, none}),
    record(oracle_probe:stamp(), injection, Path, {ignore_start, N}, S);
inject({start_child, SupPath, Id, SpecId}, S = #{sups := Sups, ctx := Ctx}) ->
    ChildPath = oracle_sup:child_path(SupPath, Id),
    with_running(SupPath, {ChildPath, 'start-child', supervisor_not_running}, S,
                 fun(Sup, {_, S1}) ->
                         Spec = maps:get(SupPath, Sups, #{}),
                         case {maps:get(dynamic, Spec, false), maps:get(strategy, Spec, one_for_one)} of
                             {true, _} ->
                                 start_dynamic_child(Sup, Spec, ChildPath, Id, SpecId, S1);
                             {false, simple_one_for_one} ->
                                 helper({start_child, SupPath, Id},
                                        fun() -> supervisor:start_child(Sup, [Id]) end, S1);
                             {false, _} ->
                                 Initial = [C || C = #{id := CId} <- maps:get(children, Spec, []),
                                                 CId =:= Id],
                                 Added = [C || C = #{id := CId} <- maps:get(start_child_specs, Spec, []),
                                               CId =:= Id],
                                 case {Initial, Added} of
                                     {[_ | _], _} ->
                                         %% A child of init/1's list: restart_child/2 (a
                                         %% temporary one that ended is forgotten: not_found).
                                         helper({start_child, SupPath, Id},
                                                fun() -> supervisor:restart_child(Sup, Id) end, S1);
                                     {[], [Child | _]} ->
                                         %% supervisor:start_child/2 with the spec the tree
                                         %% gives; a spec still listed (not running) is
                                         %% restarted instead, as restart_child/2 does.
                                         ChildSpec = oracle_sup:child_spec(Ctx, SupPath, Child, static),
                                         helper({start_child, SupPath, Id},
                                                fun() ->
                                                        case supervisor:start_child(Sup, ChildSpec) of
                                                            {error, already_present} ->
                                                                supervisor:restart_child(Sup, Id);
                                                            Other ->
                                                                Other
                                                        end
                                                end, S1)
                                 end
                         end
                 end);
inject({terminate_child, SupPath, Id}, S = #{sups := Sups}) ->
    with_running(SupPath, {oracle_sup:child_path(SupPath, Id), 'terminate-child', supervisor_not_running}, S,
                 fun(Sup, {_, S1}) ->
                         Spec = maps:get(SupPath, Sups, #{}),
                         ChildPath = oracle_sup:child_path(SupPath, Id),
                         Current = maps:get(current, S1),
                         case {maps:get(dynamic, Spec, false), maps:get(strategy, Spec, one_for_one)} of
                             {Dynamic, Strategy} when Dynamic; Strategy =:= simple_one_for_one ->
                                 %% Children without ids: stopped by pid.
                                 Module = case Dynamic of
                                              true -> 'Elixir.DynamicSupervisor';
                                              false -> supervisor
                                          end,
                                 case maps:find(ChildPath, Current) of
                                     {ok, Child} ->
                                         helper({terminate_child, SupPath, Id},
                                                fun() -> Module:terminate_child(Sup, Child) end, S1);
                                     error ->
                                         record(oracle_probe:stamp(), ignored, ChildPath,
                                                {'terminate-child', not_found}, S1)
                                 end;
                             _ ->
                                 %% OTP answers ok for a listed child that is not running;
                                 %% the scenario language reports that as not_running.
                                 Running = maps:is_key(ChildPath, Current),
                                 helper({terminate_child, SupPath, Id, Running},
                                        fun() -> supervisor:terminate_child(Sup, Id) end, S1)
                         end
                 end).

%% DynamicSupervisor.start_child/2 for the child named Id: the spec SpecId of
%% start_child_specs, else the one named Id, else the template. A child path in use is
%% refused by the scenario language (already_present): DynamicSupervisor has no ids.
start_dynamic_child(Sup, Spec, ChildPath, Id, SpecId, S = #{ctx := Ctx}) ->
    Name = case SpecId of <<>> -> Id; _ -> SpecId end,
    Named = [C || C = #{id := CId} <- maps:get(start_child_specs, Spec, []), CId =:= Name],
    Child = case {Named, SpecId, maps:find(template, Spec)} of
                {[C | _], _, _} -> C;
                {[], <<>>, {ok, Template}} -> Template;
                _ -> none
            end,
    case {maps:is_key(ChildPath, maps:get(current, S)), Child} of
        {true, _} ->
            record(oracle_probe:stamp(), ignored, ChildPath, {'start-child', already_present}, S);
        {false, none} ->
            record(oracle_probe:stamp(), ignored, ChildPath, {'start-child', no_child_spec}, S);
        {false, _} ->
            ChildSpec = oracle_dynsup:child_spec(Ctx, ChildPath, Child),
            helper({start_child, maps:get(path, Spec, <<>>), Id},
                   fun() -> 'Elixir.DynamicSupervisor':start_child(Sup, ChildSpec) end, S)
    end.

%% Runs Fun on the process at Path, or records that the event was ignored.
with_running(Path, {ReportPath, Action, Why}, S = #{current := Current, names := Names}, Fun) ->
    case maps:find(Path, Current) of
        {ok, Pid} ->
            {_, Kind, _} = maps:get(Pid, Names),
            Fun(Pid, {Kind, S});
        error ->
            record(oracle_probe:stamp(), ignored, ReportPath, {Action, Why}, S)
    end.

%% Supervisor calls block until the supervisor is done, so they run in a helper. A call
%% waits in the supervisor's mailbox while it is busy (real-time cases); a supervisor
%% that ends before it answers makes the call fail: supervisor_not_running, then.
helper(Label, Fun, S = #{helpers := Helpers}) ->
    Driver = self(),
    Pid = spawn(fun() ->
                        Result = try Fun()
                                 catch exit:{_, {Module, call, _}}
                                         when Module =:= gen_server;
                                              Module =:= 'Elixir.GenServer' ->
                                         {error, supervisor_not_running}
                                 end,
                        Driver ! {helper_done, self(), Label, Result, oracle_probe:stamp()}
                end),
    S#{helpers := Helpers#{Pid => true}}.

%% --- the end -----------------------------------------------------------------------

finish(S = #{main := Main, ctx := #{'case' := CaseId}, names := Names, alive := Alive,
             masters := Masters, t0_ns := T0Ns, halted := Halted}) ->
    Running = lists:sort([Path || Pid <- maps:keys(Alive),
                                  {ok, {Path, _, _}} <- [maps:find(Pid, Names)]]),
    Resolved = [resolve(O, Names, T0Ns) || O <- lists:sort(maps:get(obs, S))],
    Main ! {case_done, CaseId, Resolved, #{running => Running, halted => Halted =/= false}},
    ets:match_delete(oracle_injections, {{CaseId, '_', '_'}, '_'}),
    [exit(M, kill) || {M, _} <- Masters],
    exit(normal).

%% Trace records name pids; everything else names paths. Times are microseconds
%% since T0. The subject pid is written as text.
resolve({{Ns, _}, Kind, Who, Data, Subject}, Names, T0Ns) ->
    Us = (Ns - T0Ns) div 1000,
    case Who of
        Pid when is_pid(Pid) ->
            case maps:find(Pid, Names) of
                {ok, {Path, ProcKind, Parent}} ->
                    case {Kind, Data} of
                        {exit_signal, {Parent, Reason}} -> {Us, parent_exit, Path, Reason, Pid};
                        {exit_signal, {From, Reason}} -> {Us, child_exit, Path, {child_path(From, Names), Reason}, Pid};
                        {down, Reason} -> {Us, down, Path, {ProcKind, Reason}, Pid}
                    end;
                error ->
                    {Us, unknown_process, <<>>, {Kind, Data}, Pid}
            end;
        Path ->
            {Us, Kind, Path, Data, Subject}
    end.

child_path(Pid, Names) ->
    case maps:find(Pid, Names) of
        {ok, {Path, _, _}} -> Path;
        error -> other
    end.
