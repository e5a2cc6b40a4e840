#!/usr/bin/env escript
%% The real thing for comparison: how many crash-and-restart cycles a real OTP supervisor performs
%% per second (one_for_one, one permanent gen_server child, intensity high enough never to give
%% up). Each cycle is two trace events in supsim's terms (exit, start).
%% Usage: escript otp_restarts.escript [CYCLES]
-mode(compile).
-export([init/1, handle_call/3, handle_cast/2]).

main(Args) ->
    Cycles = case Args of [N] -> list_to_integer(N); _ -> 20000 end,
    logger:remove_handler(default),
    register(bench_runner, self()),
    {ok, _Sup} = supervisor:start_link({local, bench_sup}, ?MODULE, sup),
    Start = erlang:monotonic_time(microsecond),
    loop(Cycles),
    Elapsed = (erlang:monotonic_time(microsecond) - Start) / 1.0e6,
    io:format("real OTP ~s: ~b crash/restart cycles in ~.3f s = ~.1f trace events/s~n",
              [erlang:system_info(otp_release), Cycles, Elapsed, 2 * Cycles / Elapsed]).

%% Each started child reports itself; the loop crashes it and waits for its successor.
loop(0) -> ok;
loop(N) ->
    Pid = receive {started, P} -> P end,
    exit(Pid, crash),
    loop(N - 1).

init(sup) ->
    {ok, {#{strategy => one_for_one, intensity => 100000000, period => 1},
          [#{id => child, start => {gen_server, start_link, [?MODULE, child, []]}}]}};
init(child) ->
    bench_runner ! {started, self()},
    {ok, nostate}.

handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
