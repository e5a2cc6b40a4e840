defmodule Devtools.MixProject do
  use Mix.Project

  def project do
    [app: :devtools, version: "0.1.0", deps: deps()]
  end

  def application, do: []

  defp deps, do: []
end
