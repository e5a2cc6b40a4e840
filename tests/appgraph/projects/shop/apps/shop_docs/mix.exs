defmodule ShopDocs.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_docs,
      version: "0.1.0",
      deps: deps(),
      build_path: "../../_build",
      deps_path: "../../deps",
      lockfile: "../../mix.lock"
    ]
  end

  def application, do: []

  defp deps, do: []
end
