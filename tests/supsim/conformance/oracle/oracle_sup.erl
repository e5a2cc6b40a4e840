%% A real OTP supervisor whose flags and child specifications come from an oracle case.
%%
%% Only the keys present in the case's tree are passed to OTP, so OTP applies its own
%% defaults (intensity 1, period 5, shutdown 5000 for workers and infinity for
%% supervisors, restart permanent): the defaults are part of what is compared.
%%
%% start_child/3,4 is the start function of every child (workers and supervisors). It
%% runs in the parent supervisor's process, as OTP's start MFA does; it consumes the
%% start failures and ignores injected for the child's path, and reports the outcome of
%% each start attempt. A worker with a registered_name is registered locally under that
%% name prefixed with its case's id (all cases share one VM), so a start while an older
%% process still holds the name fails with {already_started, Pid}, as in real life. A
%% simple_one_for_one template passes the dynamic child's id as
%% the extra start argument, so a restarted dynamic child keeps its path.
-module(oracle_sup).
-behaviour(supervisor).

-export([start_child/3, start_child/4, start_dynamic/3, start_dynamic/4, start_dynamic/5,
         child_path/2, child_spec/4]).
-export([init/1]).

child_path(<<>>, Id) -> Id;
child_path(Parent, Id) -> <<Parent/binary, "/", Id/binary>>.

start_child(Ctx, Path, Spec) ->
    case oracle_probe:take_injection(Ctx, Path) of
        {fail, Reason} ->
            oracle_probe:report(Ctx, start_result, Path, {injected_error, Reason}),
            {error, Reason};
        {ignore, _} ->
            oracle_probe:report(Ctx, start_result, Path, injected_ignore),
            ignore;
        none ->
            Parent = self(),
            Result = case {maps:get(type, Spec, worker), maps:get(dynamic, Spec, false)} of
                         {supervisor, true} ->
                             oracle_dynsup:start_link(Ctx, Path, Spec, Parent);
                         {supervisor, false} ->
                             supervisor:start_link(?MODULE, {Ctx, Path, Spec, Parent});
                         {worker, _} ->
                             start_worker(Ctx, Path, Spec, Parent)
                     end,
            Outcome = case Result of
                          {ok, Pid} -> {ok, Pid};
                          ignore -> ignore;
                          {error, Reason} -> {error, Reason}
                      end,
            oracle_probe:report(Ctx, start_result, Path, Outcome),
            Result
    end.

start_worker(Ctx = #{'case' := CaseId}, Path, Spec, Parent) ->
    Args = {Ctx, Path, Spec, Parent},
    case maps:find(registered_name, Spec) of
        {ok, Name} ->
            Local = binary_to_atom(iolist_to_binary(io_lib:format("case~w_~s", [CaseId, Name]))),
            gen_server:start_link({local, Local}, oracle_worker, Args, []);
        error ->
            gen_server:start_link(oracle_worker, Args, [])
    end.

%% Dynamic child of a simple_one_for_one supervisor at SupPath.
start_child(Ctx, SupPath, Spec, Id) ->
    start_child(Ctx, child_path(SupPath, Id), Spec).

%% Child of a DynamicSupervisor, after the supervisor's extra_arguments (up to two).
start_dynamic(Ctx, Path, Spec) -> start_child(Ctx, Path, Spec).
start_dynamic(_, Ctx, Path, Spec) -> start_child(Ctx, Path, Spec).
start_dynamic(_, _, Ctx, Path, Spec) -> start_child(Ctx, Path, Spec).

init({Ctx, Path, Spec, Parent}) ->
    oracle_probe:trace_self(Ctx, supervisor),
    put(oracle_identity, {Ctx, Path}),
    oracle_probe:report(Ctx, init, Path, {supervisor, Parent}),
    Flags = maps:with([strategy, intensity, period, auto_shutdown], Spec),
    Children = maps:get(children, Spec, []),
    Specs = case maps:get(strategy, Spec, one_for_one) of
                simple_one_for_one ->
                    [child_spec(Ctx, Path, C, dynamic) || C <- Children];
                _ ->
                    [child_spec(Ctx, Path, C, static) || C <- Children]
            end,
    {ok, {Flags, Specs}}.

child_spec(Ctx, SupPath, Child, Kind) ->
    Id = maps:get(id, Child),
    Start = case Kind of
                static -> {?MODULE, start_child, [Ctx, child_path(SupPath, Id), Child]};
                dynamic -> {?MODULE, start_child, [Ctx, SupPath, Child]}
            end,
    OtpKeys = maps:with([restart, shutdown, type, significant], Child),
    OtpKeys#{id => Id, start => Start}.
