defmodule Entry.MixProject do
  use Mix.Project

  def project do
    [app: :entry, version: "2.0.0", deps: deps()]
  end

  def application, do: []

  defp deps, do: [{:codec, path: "../codec"}]
end
