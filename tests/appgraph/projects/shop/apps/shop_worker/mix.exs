defmodule ShopWorker.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_worker,
      version: "0.1.0",
      deps: deps(),
      build_path: "../../_build",
      deps_path: "../../deps",
      lockfile: "../../mix.lock"
    ]
  end

  def application, do: [extra_applications: [:crypto]]

  defp deps, do: [{:shop_core, in_umbrella: true}]
end
