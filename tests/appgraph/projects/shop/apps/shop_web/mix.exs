defmodule ShopWeb.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_web,
      version: "0.1.0",
      deps: deps(),
      build_path: "../../_build",
      deps_path: "../../deps",
      lockfile: "../../mix.lock"
    ]
  end

  # codec comes through shop_core's dependencies; shop_web can run without it.
  def application do
    [extra_applications: [:logger, :codec], optional_applications: [:codec]]
  end

  defp deps do
    [
      {:shop_store, in_umbrella: true},
      {:shop_build, path: "../../vendor/shop_build", runtime: false}
    ] ++ metrics()
  end

  # From 0.2.0 on, shop_web reports to shop_metrics.
  defp metrics do
    if System.get_env("SHOP_RELEASE") == "0.2.0",
      do: [{:shop_metrics, path: "../../vendor/shop_metrics"}],
      else: []
  end
end
