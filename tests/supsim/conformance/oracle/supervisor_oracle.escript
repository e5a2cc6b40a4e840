#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell +sbwt none +sbwtdcpu none +sbwtdio none
%%
%% Runs supervision scenarios on real OTP supervisors and writes what happened.
%%
%%   supervisor_oracle.escript CASES OUT
%%
%% CASES holds Erlang terms: {settings, #{phase_ms, batch, elixir_ebin, realtime}} then
%% {'case', #{...}} per case (written by conformance.py); realtime => true injects each
%% event at its time whatever the case is doing (see oracle_case). The cases run concurrently, `batch` at a time, in
%% this VM; each batch starts at a monotonic instant T0 placed phase_ms after a whole
%% second, so that supervisor restart intensity (counted in whole monotonic seconds)
%% sees scenario time t in second floor(t + phase_ms / 1000).
%%
%% OUT gets one line per observation, tab-separated: CASE, microseconds since T0, kind,
%% path, data (a plain rendering of the Erlang term), the pid it is about (or -), then one `outcome` line per case:
%% whether the node halted, what still runs, the longest VM stall while it ran (ms).
%% The modules beside this script are compiled in memory at start.

main([CasesFile, OutFile]) ->
    load_modules(filename:dirname(escript:script_name())),
    ok = logger:remove_handler(default),
    ok = logger:add_handler(oracle_probe, oracle_probe, #{level => all}),
    {ok, Terms} = file:consult(CasesFile),
    Settings = proplists:get_value(settings, Terms, #{}),
    %% Elixir's DynamicSupervisor, for trees with "dynamic": true.
    [true = code:add_pathz(binary_to_list(Ebin)) || Ebin <- [maps:get(elixir_ebin, Settings, <<>>)],
                                                    Ebin =/= <<>>],
    Cases = [C || {'case', C} <- Terms],
    oracle_probe:injection_table(),
    Realtime = maps:get(realtime, Settings, false),
    Results = run_batches([C#{realtime => Realtime} || C <- Cases], maps:get(batch, Settings, 50),
                          maps:get(phase_ms, Settings, 200)),
    ok = file:write_file(OutFile, [render(R) || R <- Results]),
    halt(0);
main(_) ->
    io:format(standard_error, "usage: supervisor_oracle.escript CASES OUT~n", []),
    halt(2).

load_modules(Dir) ->
    lists:foreach(
      fun(Module) ->
              Source = filename:join(Dir, atom_to_list(Module) ++ ".erl"),
              case compile:file(Source, [binary, return_errors]) of
                  {ok, Module, Binary} ->
                      {module, Module} = code:load_binary(Module, Source, Binary);
                  {error, Errors, _} ->
                      io:format(standard_error, "supervisor_oracle: cannot compile ~s: ~p~n",
                                [Source, Errors]),
                      halt(3)
              end
      end, [oracle_probe, oracle_sup, oracle_dynsup, oracle_worker, oracle_case]).

run_batches([], _Batch, _PhaseMs) ->
    [];
run_batches(Cases, Batch, PhaseMs) ->
    {Now, Later} = lists:split(min(Batch, length(Cases)), Cases),
    T0Ns = aligned_start(PhaseMs),
    Watch = spawn_link(fun() -> stall_watch(T0Ns div 1000000, []) end),
    Ids = [begin oracle_case:start(C, T0Ns, self()), maps:get(id, C) end || C <- Now],
    Results = [receive {case_done, Id, Obs, Outcome} -> {Id, Obs, Outcome} end || Id <- Ids],
    Watch ! {stop, self()},
    Stalls = receive {stalls, S} -> S end,
    [{Id, Obs, Outcome#{stall_ms => worst_stall(Stalls, maps:get(end_ms, C) + 1000)}}
     || {{Id, Obs, Outcome}, C} <- lists:zip(Results, Now)]
        ++ run_batches(Later, Batch, PhaseMs).

%% Times the VM did not run this process for more than STALL_MS (another program
%% hogging the CPUs): {StartMs, LengthMs} since T0. A case that was running then is
%% reported as disturbed, and conformance.py runs it again.
-define(STALL_MS, 100).
stall_watch(T0Ms, Stalls) ->
    Before = erlang:monotonic_time(millisecond),
    receive
        {stop, From} -> From ! {stalls, Stalls}
    after 10 ->
            Late = erlang:monotonic_time(millisecond) - Before - 10,
            case Late > ?STALL_MS of
                true -> stall_watch(T0Ms, [{Before - T0Ms, Late} | Stalls]);
                false -> stall_watch(T0Ms, Stalls)
            end
    end.

worst_stall(Stalls, EndMs) ->
    lists:max([0 | [Length || {Start, Length} <- Stalls, Start + Length >= -1000, Start =< EndMs]]).

%% The first instant at least 300 ms away that lies PhaseMs after a whole monotonic
%% second (erlang:monotonic_time(second) floors the nanosecond clock).
aligned_start(PhaseMs) ->
    Now = erlang:monotonic_time(nanosecond),
    Second = erlang:monotonic_time(second),
    Candidate = (Second + 1) * 1000000000 + PhaseMs * 1000000,
    case Candidate - Now < 300000000 of
        true -> Candidate + 1000000000;
        false -> Candidate
    end.

render({Id, Obs, #{running := Running, halted := Halted, stall_ms := StallMs}}) ->
    Lines = [io_lib:format("~w\t~w\t~s\t~ts\t~ts\t~s~n",
                           [Id, Us, Kind, text(Path), text(Data), subject(Subject)])
             || {Us, Kind, Path, Data, Subject} <- Obs],
    Outcome = io_lib:format("~w\t-\toutcome\t~s\t~ts\t~w~n",
                            [Id, Halted, lists:join(" ", [text(P) || P <- Running]), StallMs]),
    [Lines, Outcome].

subject(Pid) when is_pid(Pid) -> pid_to_list(Pid);
subject(none) -> "-".

%% A plain rendering of a term: atoms and binaries bare, tuples in braces, lists in
%% brackets; quoting is not needed for the names and reasons the cases use.
text(B) when is_binary(B) -> B;
text(A) when is_atom(A) -> atom_to_binary(A, utf8);
text(I) when is_integer(I) -> integer_to_binary(I);
text(P) when is_pid(P) -> <<"pid">>;
text(T) when is_tuple(T) -> [<<"{">>, lists:join(<<",">>, [text(E) || E <- tuple_to_list(T)]), <<"}">>];
text(L) when is_list(L) -> [<<"[">>, lists:join(<<",">>, [text(E) || E <- L]), <<"]">>];
text(Other) -> io_lib:format("~0p", [Other]).
