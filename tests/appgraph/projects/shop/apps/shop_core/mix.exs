defmodule ShopCore.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop_core,
      version: if(System.get_env("SHOP_RELEASE") == "0.2.0", do: "0.2.0", else: "0.1.0"),
      deps: deps(),
      build_path: "../../_build",
      deps_path: "../../deps",
      lockfile: "../../mix.lock"
    ]
  end

  def application, do: [extra_applications: [:logger]]

  defp deps, do: [{:ledger, path: "../../vendor/ledger"}]
end
