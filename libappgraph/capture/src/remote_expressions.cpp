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
    try sys:get_state(P, T) of
        #{'__struct__' := 'Elixir.DynamicSupervisor', children := C} = S ->
            Spec = fun({{M, F, _}, R, Sd, Ty, _}) -> {M, F, R, Sd, Ty};
                      ({restarting, {{M, F, _}, R, Sd, Ty, _}}) -> {restarting, M, F, R, Sd, Ty};
                      (_) -> unknown
                   end,
            {dynamic_supervisor, maps:without([children, args, restarts], S), maps:size(C),
             [{K, Spec(maps:get(K, C)), Info(K)} || K <- Keep(lists:sort(maps:keys(C)))]};
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
             Static, Total, [{D, Info(D)} || D <- Dyn]};
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
