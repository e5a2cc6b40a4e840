#!/usr/bin/env escript
%% For each CASE directory (holding x.app), runs systools:make_script on BASE/t.rel (kernel,
%% stdlib, x) with the path [CASE, BASE] and prints how systools read x.app, one line per case:
%% "ok" (read; later checks are the resolver's business), "missing_param KEY", "bad_param KEY",
%% "crash" (systools itself failed on the value), "bad_app", "vsn_mismatch", "parse_error",
%% "not_found" or "other TERM".
%% Usage: escript systools_read_app.escript BASE CASE...

main([Base | Cases]) ->
    lists:foreach(
      fun(Case) ->
              Opts = [{path, [Case, Base]}, {outdir, Case}, silent, no_warn_sasl, no_dot_erlang],
              R = (catch systools:make_script(Base ++ "/t", Opts)),
              io:format("~ts~n", [classify(R)])
      end, Cases).

classify({ok, _, _}) -> "ok";
classify({error, systools_make, [{error_reading, {x, What}}]}) -> reading(What);
classify({error, systools_make, _}) -> "ok";
classify(Other) -> io_lib:format("other ~w", [Other]).

reading({{missing_param, K}, _}) -> io_lib:format("missing_param ~w", [K]);
reading({{bad_param, K}, _}) -> io_lib:format("bad_param ~w", [K]);
reading({{'EXIT', _}, _}) -> "crash";
reading({badly_formatted_application, _}) -> "bad_app";
reading({no_valid_version, _}) -> "vsn_mismatch";
reading({parse_error, _}) -> "parse_error";
reading({not_found, _}) -> "not_found";
reading(Other) -> io_lib:format("other ~w", [Other]).
