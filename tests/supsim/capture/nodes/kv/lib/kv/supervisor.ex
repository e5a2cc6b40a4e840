defmodule KV.Supervisor do
  @moduledoc """
  The guide's top supervisor: the bucket supervisor, the registry that creates and monitors
  buckets, and the router's Task.Supervisor, one_for_all. KV.Names is an Elixir Registry, as the
  guide's later editions use for naming buckets.
  """
  use Supervisor

  def start_link(opts) do
    Supervisor.start_link(__MODULE__, :ok, opts)
  end

  @impl true
  def init(:ok) do
    children = [
      {DynamicSupervisor, name: KV.BucketSupervisor, strategy: :one_for_one},
      {KV.Registry, name: KV.Registry},
      {Task.Supervisor, name: KV.RouterTasks},
      {Registry, keys: :unique, name: KV.Names, partitions: 2}
    ]

    Supervisor.init(children, strategy: :one_for_all)
  end
end
