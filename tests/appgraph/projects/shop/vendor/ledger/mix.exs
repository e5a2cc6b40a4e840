defmodule Ledger.MixProject do
  use Mix.Project

  def project do
    [app: :ledger, version: "1.2.0", deps: deps()]
  end

  def application, do: []

  defp deps, do: [{:journal, path: "../journal"}]
end
