defmodule ShopMetrics.MixProject do
  use Mix.Project

  def project do
    [app: :shop_metrics, version: "0.1.0", deps: deps()]
  end

  def application, do: []

  defp deps, do: []
end
