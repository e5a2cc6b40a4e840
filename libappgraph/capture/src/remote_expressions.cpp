// The expression texts. They are parsed once per capture on the node itself (erl_scan and
// erl_parse, which are pure) and evaluated with different bindings for each request.

#include "remote_expressions.hpp"

namespace appgraph::capture {

const char* const kApplicationsExpression = R"erl(
(fun() ->
    Info = gen_server:call(application_controller, info, T),
    {started, Started} = lists:keyfind(started, 1, Info),
    {running, Running} = lists:keyfind(running, 1, Info),
    Vsns = [{A, V} || {A, _, V} <- application:which_applications(T)],
    Top = fun(App) ->
              case application_controller:get_master(App) of
                  undefined -> none;
                  Master ->
                      case application_master:get_child(Master) of
                          {Pid, Mod} when is_pid(Pid) -> {Pid, Mod};
                          _ -> none
                      end
              end
          end,
    {erlang:system_info(otp_release), erlang:system_info(version),
     [{A, Type, proplists:get_value(A, Vsns, none), Top(A)}
      || {A, Type} <- lists:reverse(Started), lists:keymember(A, 1, Running)]}
end)().
)erl";

const char* const kSupervisorExpression = R"erl(
(fun() ->
    Info = fun(Pid) when is_pid(Pid) ->
                   case erlang:process_info(Pid, [registered_name, trap_exit]) of
                       undefined -> dead;
                       Props -> Props
                   end;
              (_) -> none
           end,
    Keep = fun(L) when N =:= all -> L; (L) -> lists:sublist(L, N) end,
    %% Per-child work on long lists goes through compiled functions (lists:zipwith with external
    %% funs): erl_eval interprets a comprehension element by element, 50 times slower.
    Infos = fun(Pids) ->
                lists:zipwith(fun erlang:process_info/2, Pids,
                              lists:duplicate(length(Pids), [registered_name, trap_exit]))
            end,
    Split = fun(Specs) ->
                Ones = lists:duplicate(length(Specs), 1),
                try
                    Mfas = lists:zipwith(fun erlang:element/2, Ones, Specs),
                    {lists:zipwith(fun erlang:delete_element/2,
                                   lists:duplicate(length(Specs), 3), Mfas),
                     lists:zipwith(fun erlang:delete_element/2, Ones, Specs)}
                catch error:_ ->
                    %% A child being restarted is kept as {restarting, Spec}.
                    {[case V of
                          {restarting, {{M, F, _}, _, _, _, _}} -> {restarting, M, F};
                          {{M, F, _}, _, _, _, _} -> {M, F};
                          _ -> unknown
                      end || V <- Specs],
                     [case V of
                          {restarting, {_, R, Sd, Ty, Mo}} -> {R, Sd, Ty, Mo};
                          {_, R, Sd, Ty, Mo} -> {R, Sd, Ty, Mo};
                          _ -> unknown
                      end || V <- Specs]}
                end
            end,
    try sys:get_state(P, T) of
        #{'__struct__' := 'Elixir.DynamicSupervisor', children := C} = S ->
            Kept = Keep(lists:sort(maps:keys(C))),
            {Mfs, Rest} = Split(lists:zipwith(fun maps:get/2, Kept,
                                              lists:duplicate(length(Kept), C))),
            {dynamic_supervisor, maps:without([children, args, restarts], S), maps:size(C),
             Kept, Mfs, Rest, Infos(Kept)};
        S when is_tuple(S), tuple_size(S) =:= Size, element(1, S) =:= state ->
            {Ids, Db} = element(Ch, S),
            Static = [begin
                          Child = maps:get(Id, Db),
                          Mfa = element(Mf, Child),
                          {setelement(Mf, Child, {element(1, Mfa), element(2, Mfa)}),
                           Info(element(2, Child))}
                      end || Id <- Ids],
            {Dyn, Total} = case element(Dy, S) of
                               {_, M} when is_map(M) ->
                                   {Keep(lists:sort(maps:keys(M))), maps:size(M)};
                               {sets, Set} ->
                                   {Keep(lists:sort(sets:to_list(Set))), sets:size(Set)};
                               _ -> {[], 0}
                           end,
            {supervisor, setelement(Ar, setelement(Dy, setelement(Ch, S, none), none), none),
             Static, Total, Dyn, Infos(Dyn)};
        S when is_tuple(S), tuple_size(S) > 0 -> {other, tuple, element(1, S), tuple_size(S)};
        S when is_map(S) -> {other, map, maps:get('__struct__', S, none), maps:size(S)};
        _ -> {other, term, none, 0}
    catch
        exit:{timeout, _} -> timeout;
        exit:{noproc, _} -> noproc;
        exit:{normal, _} -> noproc;
        exit:{shutdown, _} -> noproc;
        Class:Reason -> {error, Class, Reason}
    end
end)().
)erl";

}  // namespace appgraph::capture
