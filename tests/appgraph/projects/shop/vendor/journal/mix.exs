defmodule Journal.MixProject do
  use Mix.Project

  def project do
    [app: :journal, version: "0.9.1", deps: deps()]
  end

  def application, do: []

  defp deps, do: [{:entry, path: "../entry"}]
end
