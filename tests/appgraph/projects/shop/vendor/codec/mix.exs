defmodule Codec.MixProject do
  use Mix.Project

  def project do
    [app: :codec, version: "0.4.0", deps: deps()]
  end

  def application, do: []

  defp deps, do: []
end
