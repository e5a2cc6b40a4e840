defmodule ShopStore.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_store,
      version: "0.1.0",
      deps: deps(),
      build_path: "../../_build",
      deps_path: "../../deps",
      lockfile: "../../mix.lock"
    ]
  end

  def application, do: [included_applications: [:shop_cache]]

  defp deps, do: [{:shop_core, in_umbrella: true}, {:shop_cache, in_umbrella: true}]
end
