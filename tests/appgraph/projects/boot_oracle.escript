#!/usr/bin/env escript
%% The oracle of the real-project tier: what the boot scripts that mix and relx wrote really do,
%% read with binary_to_term as init reads them, and what each .rel lists, read with
%% file:consult. One line per FILE given:
%%   BOOT<TAB>boot<TAB>START<TAB>LOAD<TAB>INCLUDED
%%       START: name:type,... in application:start_boot order
%%       LOAD: name:vsn,... kernel, then application:load order
%%       INCLUDED: name:includer,... the loaded applications another loaded one includes
%%   REL<TAB>rel<TAB>ENTRIES            ENTRIES: name:vsn:type,... in .rel order
-mode(compile).

main(Files) -> lists:foreach(fun one/1, Files).

one(File) ->
    case filename:extension(File) of
        ".boot" ->
            {ok, Bin} = file:read_file(File),
            {script, _, Script} = binary_to_term(Bin),
            Start = [[atom_to_list(A), ":", atom_to_list(T)]
                     || {apply, {application, start_boot, [A, T]}} <- Script],
            [Kernel] = [Spec || {kernelProcess, application_controller,
                                 {application_controller, start, [Spec]}} <- Script],
            Specs = [Kernel | [Spec || {apply, {application, load, [Spec]}} <- Script]],
            Loaded = [N || {application, N, _} <- Specs],
            Included = [[atom_to_list(I), ":", atom_to_list(N)]
                        || {application, N, Opts} <- Specs,
                           I <- proplists:get_value(included_applications, Opts, []),
                           lists:member(I, Loaded)],
            io:format("~ts\tboot\t~ts\t~ts\t~ts~n",
                      [File, join(Start), join([spec(S) || S <- Specs]), join(Included)]);
        ".rel" ->
            {ok, [{release, _, _, Entries}]} = file:consult(File),
            io:format("~ts\trel\t~ts~n", [File, join([entry(E) || E <- Entries])])
    end.

spec({application, Name, Opts}) ->
    [atom_to_list(Name), ":", proplists:get_value(vsn, Opts)].

entry({Name, Vsn}) -> entry({Name, Vsn, permanent});
entry({Name, Vsn, Type}) when is_atom(Type) -> [atom_to_list(Name), ":", Vsn, ":", atom_to_list(Type)];
entry({Name, Vsn, Incs}) when is_list(Incs) -> entry({Name, Vsn, permanent});
entry({Name, Vsn, Type, _Incs}) -> entry({Name, Vsn, Type}).

join(Items) -> lists:join(",", Items).
