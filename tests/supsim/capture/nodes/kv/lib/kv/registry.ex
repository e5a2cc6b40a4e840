defmodule KV.Registry do
  @moduledoc "Creates buckets under KV.BucketSupervisor and monitors them (the guide's ETS version)."
  use GenServer

  def start_link(opts) do
    server = Keyword.fetch!(opts, :name)
    GenServer.start_link(__MODULE__, server, opts)
  end

  def lookup(server, name) do
    case :ets.lookup(server, name) do
      [{^name, pid}] -> {:ok, pid}
      [] -> :error
    end
  end

  def create(server, name), do: GenServer.call(server, {:create, name})

  @impl true
  def init(table) do
    names = :ets.new(table, [:named_table, read_concurrency: true])
    {:ok, {names, %{}}}
  end

  @impl true
  def handle_call({:create, name}, _from, {names, refs}) do
    case lookup(names, name) do
      {:ok, pid} ->
        {:reply, pid, {names, refs}}

      :error ->
        {:ok, pid} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
        ref = Process.monitor(pid)
        :ets.insert(names, {name, pid})
        {:reply, pid, {names, Map.put(refs, ref, name)}}
    end
  end

  @impl true
  def handle_info({:DOWN, ref, :process, _pid, _reason}, {names, refs}) do
    {name, refs} = Map.pop(refs, ref)
    :ets.delete(names, name)
    {:noreply, {names, refs}}
  end

  def handle_info(_msg, state), do: {:noreply, state}
end
