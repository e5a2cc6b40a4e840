#!/usr/bin/env escript
%% The oracle of the conformance test: for every case directory named on the lines of FILE,
%% runs systools:make_script on DIR/t.rel (the start list, read back from the .script) and
%% systools_make:get_release (the full sorted list, or the error), in one VM so that thousands
%% of cases take seconds. Prints one line per case:
%%   DIR<TAB>ok<TAB>start,apps<TAB>full,order
%%   DIR<TAB>error<TAB>kind<TAB>detail
-mode(compile).

main([File]) ->
    {ok, Bin} = file:read_file(File),
    Dirs = [binary_to_list(L) || L <- binary:split(Bin, <<"\n">>, [global]), L =/= <<>>],
    lists:foreach(fun run/1, Dirs).

run(D) ->
    Opts = [{path, [D]}, {outdir, D}, local, silent, no_warn_sasl, no_dot_erlang],
    case systools_make:get_release(D ++ "/t", [D]) of
        {ok, _, Appls, _} ->
            Full = [N || {{N, _}, _} <- Appls],
            {ok, _, _} = systools:make_script(D ++ "/t", Opts),
            {ok, [{script, _, C}]} = file:consult(D ++ "/t.script"),
            Start = [A || {apply, {application, start_boot, [A, _]}} <- C],
            io:format("~s\tok\t~s\t~s~n", [D, names(Start), names(Full)]);
        {error, systools_make, Reason} ->
            {Kind, Detail} = describe(Reason),
            io:format("~s\terror\t~s\t~s~n", [D, Kind, Detail])
    end.

names(L) -> string:join([atom_to_list(A) || A <- L], ",").

app_name({N, _V}) -> N;
app_name(N) -> N.

describe({circular_dependencies, C}) -> {"circular_dependencies", names([app_name(X) || X <- C])};
describe({undefined_applications, U}) -> {"undefined_applications", names(U)};
describe({apps, [{circular_dependencies, C}, {undefined_applications, U}]}) ->
    {"circular_dependencies+undefined_applications",
     names([app_name(X) || X <- C]) ++ "|" ++ names(U)};
describe({duplicate_include, Pairs}) ->
    {"duplicate_include",
     string:join([names([I, A1, A2]) || {{I, A1, _, _}, {I, A2, _, _}} <- Pairs], ";")};
describe({duplicate_register, Pairs}) ->
    {"duplicate_register",
     string:join([names([R, A1, A2]) || {{R, A1, _, _}, {R, A2, _, _}} <- Pairs], ";")};
describe({mandatory_app, App, _Type}) -> {"mandatory_app", atom_to_list(App)};
describe({missing_mandatory_app, App}) -> {"missing_mandatory_app", atom_to_list(App)};
describe([{error_reading, {Name, {override_include, Apps}}} | _]) ->
    {"override_include", names([Name | Apps])};
describe(Other) -> {"other", lists:flatten(io_lib:format("~w", [Other]))}.
